-- Time zones of the learners with a session that started in the range
-- (learning_sessions.timezone): one heatmap per zone.
SELECT DISTINCT timezone
FROM learning_sessions
WHERE $__timeFilter(started_at)
ORDER BY timezone
