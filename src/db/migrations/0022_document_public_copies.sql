-- A document version that is an image keeps its upload as it came (EXIF time, position and
-- camera details included) for the workspace, and publishes a copy without that metadata.
-- public_sha256 names the copy; null means the version is published as uploaded.
ALTER TABLE document_versions ADD COLUMN public_sha256 text;
