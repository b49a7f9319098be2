-- Test only: takes invoicing's number 0010, so combined with invoicing the migrator must refuse it.
SELECT 1;
