-- Test only: 0150 is in the platform's range, not in the module's that brings it.
SELECT 1;
