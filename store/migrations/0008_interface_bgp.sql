-- A BGP virtual interface keeps the AS number of the customer's side and
-- the MD5 authentication key of the session, as the API takes and returns
-- them (bgp_asn, bgp_md5). 0 and '' for static interfaces.
ALTER TABLE virtual_interfaces ADD COLUMN bgp_asn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE virtual_interfaces ADD COLUMN bgp_md5 TEXT NOT NULL DEFAULT '';
