-- Pages stored with LZ4 instead of zlib (issue 10): on the benchmark pages (191 KB on average)
-- zlib at level 3 cost the fetch worker 1.5 ms per page and the process worker 0.4 ms to
-- decompress; LZ4's frame format takes 0.23 and 0.14 ms, for 22 % of the size instead of 18 %.
-- Rows written before keep their zlib body and say so in body_codec; every writer names its codec.
ALTER TABLE pages RENAME COLUMN body_zlib TO body_compressed;
ALTER TABLE pages ADD COLUMN body_codec text NOT NULL DEFAULT 'zlib'
    CONSTRAINT pages_body_codec_check CHECK (body_codec IN ('zlib', 'lz4'));
ALTER TABLE pages ALTER COLUMN body_codec DROP DEFAULT;
COMMENT ON COLUMN pages.body_compressed IS
    'The page body as served (after transfer decoding), compressed with body_codec.';
COMMENT ON COLUMN pages.body_codec IS
    'How body_compressed is compressed: lz4 (LZ4 frame format, written since 0060) or zlib (earlier rows).';
