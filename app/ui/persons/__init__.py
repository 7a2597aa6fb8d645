"""The persons screen: search table, person editor, detail panel with qualifications, registrations, photo and signature, 申辩/信息更正 requests."""
