"""Running the portal, apart from its content: backups, uploaded files on disk, media serving, health checks.

ops may use news (its models and its access policy); news never imports ops.
"""
