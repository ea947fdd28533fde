"""The model canvas: palette, scene/view, node and edge items, controller and the Model page."""
