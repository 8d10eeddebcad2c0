"""The ledger: payment entries that can be paid only once, disbursement batches, receipts."""
