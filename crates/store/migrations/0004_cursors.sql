-- Schema version 4: reserved for the live sources' cursors (`0004_cursors.sql` of the live
-- pulling work, issue 15). This placeholder only keeps the numbering of this branch, whose
-- GDELT tables are version 5; the real file replaces it when the branches meet.
SELECT 1;
