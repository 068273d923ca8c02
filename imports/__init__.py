"""Spreadsheets in and out: plan matrix import and export, bulk activity logs, real-file reading."""
