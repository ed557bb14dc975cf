drop table app_private.pending_data_versions;
drop table data_versions;
