"""Widgets of the assessment screen: the outline, the question panel, the value input, the save indicator."""
