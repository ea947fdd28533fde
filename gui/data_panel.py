"""The Data page (CSV preview, column roles and kinds, target, task, split).

The implementation lives in the gui.data package; this module is the name the main window imports.
"""

from gui.data.data_page import DataPage

__all__ = ["DataPage"]
