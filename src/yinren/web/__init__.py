"""What every page shares: templates and the translation catalogue, page login and CSRF, HTML errors."""
