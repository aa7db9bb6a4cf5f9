select
    file_name as source_file,
    content_hash,
    cast(size_bytes as bigint) as source_size_bytes,
    stage as error_stage,
    error_kind,
    message as error_message,
    first_seen,
    last_seen
from {{ source('raw', 'ingest_errors') }}
