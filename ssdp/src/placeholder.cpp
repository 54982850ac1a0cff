// Replaced by the SSDP core; keeps the target buildable until then.
