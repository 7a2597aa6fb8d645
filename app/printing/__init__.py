"""Certificate layout to PDF (ReportLab) and OFD; QR generation. No Qt."""
