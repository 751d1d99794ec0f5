"""Widgets of the assessment screen."""
