"""Work-plan tracking: the plan's tasks, responsible bodies, deadlines and progress reports."""
