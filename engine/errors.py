"""Error types whose messages are written for people, not for programmers."""


class LayerLabError(Exception):
    """Base class of every error LayerLab shows to a user as its answer."""


class DataError(LayerLabError):
    """Bad input data; the message names the file, row or column and what to do."""

    def __init__(self, message: str, *, path=None, row=None, column=None):
        super().__init__(message)
        self.path = path
        self.row = row
        self.column = column


class UnreadableImagesError(DataError):
    """Image files named in the data are missing or unreadable. `droppable`: the other files are fine, so leaving
    those rows out (RunPipeline's drop_unreadable, the app's "Leave out rows whose image can't be read") lets the
    run go on."""

    def __init__(self, message: str, *, droppable: bool = False, path=None, row=None, column=None):
        super().__init__(message, path=path, row=row, column=column)
        self.droppable = droppable


class SpecError(LayerLabError):
    """A model design that cannot be built; the message names the layer."""


class ProjectError(LayerLabError):
    """A project or model file that cannot be opened or saved."""


class ExportError(ProjectError):
    """An export that could not be written or did not pass its check; says what to do."""


class DataWarning(UserWarning):
    """Something a user should know about their data that does not stop the job (the CLI prints it as
    `warning: <message>` after the output; a library's own warnings are not of this kind)."""
