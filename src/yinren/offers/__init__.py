"""免申即享 offers: from a `yinren match` run, confirmed by the department, accepted by the beneficiary."""
