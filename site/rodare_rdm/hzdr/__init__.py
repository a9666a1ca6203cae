"""HZDR's own metadata: institutes, research programmes, facilities, proposals, SciCat links."""
