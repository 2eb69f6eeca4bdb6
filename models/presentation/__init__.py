"""The wizard's words and view models, without Qt: what a page shows is computed here, so that it
is tested without a window (issue 16, structure 1). The pages only put these into widgets."""
