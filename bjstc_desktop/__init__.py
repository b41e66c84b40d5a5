"""bjstc-desktop: the offline casework workstation of 北京市科学技术委员会."""

__version__ = "0.1.0"
