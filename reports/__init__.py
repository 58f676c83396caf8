"""Report building: measurements, evidence attachments, the certification summary.

Generated output lands in ``reports/out/`` (git-ignored).
"""
