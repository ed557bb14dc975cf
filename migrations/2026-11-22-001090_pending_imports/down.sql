drop table pending_imports;
