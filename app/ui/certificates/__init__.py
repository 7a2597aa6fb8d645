"""Certificates: annotation (加注), the certificate list, previews and printing (single and batch) through Qt's print dialog."""
