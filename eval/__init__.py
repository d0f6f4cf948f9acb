"""Evaluation scripts (not part of the installed package); see eval/geoparse.py."""
