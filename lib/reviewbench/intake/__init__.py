"""Turning agency submissions (XLSX, DOCX, CSV) into chronology entries."""
