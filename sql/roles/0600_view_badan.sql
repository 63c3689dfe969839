-- A body's filtered copy of mart view {nama}: same name and columns, only the rows of the bodies
-- of the connected user. security_barrier keeps the filter ahead of any user-supplied function.
CREATE VIEW mart_badan.{nama} WITH (security_barrier = true) AS
SELECT * FROM mart.{nama} WHERE kode_badan IN (SELECT mart_badan.kode_badan_saya());
