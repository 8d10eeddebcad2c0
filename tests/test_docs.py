"""The OpenAPI browser works on a closed network: /docs loads only assets the app serves itself."""

from __future__ import annotations

import re


def test_docs_use_vendored_assets(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets, page.text
    for asset in assets:
        assert asset.startswith("/static/vendor/swagger-ui-"), asset
        fetched = client.get(asset)
        assert fetched.status_code == 200 and len(fetched.content) > 500, asset
