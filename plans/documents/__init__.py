"""The plan document: the Plan Estratégico de Comunicaciones as DOCX and PDF, laid out like the
documents the entities publish (cover, objectives, scope, definitions, norms, policy, audiences
and channels, the component matrix, each indicator's ficha técnica, version and approval).

- ``content``: one read of everything the document shows, in a bounded number of queries.
- ``word``: the DOCX (python-docx), with Word heading styles, an index field and page numbers.
- ``pdf``: the PDF (fpdf2, core fonts in Windows-1252), with bookmarks and an index.
- ``text``: number formatting and the PDF text filter, shared with the periodic reports.
"""
