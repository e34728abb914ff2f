//! S3-compatible object storage (and any other `object_store` backend), for deployments with
//! several nodes. Uploads are streamed as multipart uploads: parts are sent as they fill, never
//! the whole file at once, and an upload over the limit is aborted.

use std::sync::Arc;

use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};

use crate::{ByteStream, HEAD_BYTES, Storage, StorageError, StoredObject, keep_head, validate_key};

/// Files in an object store.
#[derive(Debug, Clone)]
pub struct ObjectStorage {
    store: Arc<dyn ObjectStore>,
    description: String,
}

/// Where an S3-compatible bucket is.
#[derive(Debug, Clone, Default)]
pub struct S3Settings {
    pub bucket: String,
    /// Empty for AWS itself; the URL of MinIO, Ceph, Yandex or another S3-compatible service.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
}

impl ObjectStorage {
    /// Wraps any object store (tests use the in-memory one).
    pub fn new(store: Arc<dyn ObjectStore>, description: impl Into<String>) -> Self {
        Self {
            store,
            description: description.into(),
        }
    }

    /// An S3-compatible bucket.
    pub fn s3(settings: &S3Settings) -> Result<Self, StorageError> {
        let mut builder =
            object_store::aws::AmazonS3Builder::new().with_bucket_name(&settings.bucket);
        if let Some(endpoint) = &settings.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(region) = &settings.region {
            builder = builder.with_region(region);
        }
        if let (Some(key), Some(secret)) = (&settings.access_key, &settings.secret_key) {
            builder = builder
                .with_access_key_id(key)
                .with_secret_access_key(secret);
        }
        let store = builder
            .build()
            .map_err(|e| StorageError::Config(e.to_string()))?;
        let description = format!(
            "S3 bucket {}{}",
            settings.bucket,
            settings
                .endpoint
                .as_deref()
                .map(|e| format!(" at {e}"))
                .unwrap_or_default()
        );
        Ok(Self::new(Arc::new(store), description))
    }
}

fn io(err: object_store::Error) -> StorageError {
    match err {
        object_store::Error::NotFound { path, .. } => StorageError::NotFound(path),
        other => StorageError::Io(std::io::Error::other(other.to_string())),
    }
}

#[async_trait::async_trait]
impl Storage for ObjectStorage {
    async fn put(
        &self,
        key: &str,
        mut body: ByteStream,
        limit: u64,
    ) -> Result<StoredObject, StorageError> {
        validate_key(key)?;
        let path = ObjectPath::from(key);
        let upload = self.store.put_multipart(&path).await.map_err(io)?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut head = Vec::with_capacity(HEAD_BYTES);
        while let Some(chunk) = body.next().await {
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    let _ = writer.abort().await;
                    return Err(e.into());
                }
            };
            size += chunk.len() as u64;
            if size > limit {
                let _ = writer.abort().await;
                return Err(StorageError::TooLarge { limit });
            }
            keep_head(&mut head, &chunk);
            hasher.update(&chunk);
            // Bounded memory: wait while too many parts are in flight.
            writer.wait_for_capacity(4).await.map_err(io)?;
            writer.write(&chunk);
        }
        writer.finish().await.map_err(io)?;
        Ok(StoredObject {
            key: key.to_owned(),
            size,
            sha256: hex::encode(hasher.finalize()),
            head,
        })
    }

    async fn get(&self, key: &str) -> Result<ByteStream, StorageError> {
        validate_key(key)?;
        let result = self.store.get(&ObjectPath::from(key)).await.map_err(io)?;
        Ok(Box::pin(result.into_stream().map(|r| {
            r.map_err(|e| std::io::Error::other(e.to_string()))
        })))
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        validate_key(key)?;
        match self.store.delete(&ObjectPath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(io(e)),
        }
    }

    fn describe(&self) -> String {
        self.description.clone()
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn stream(chunks: Vec<Vec<u8>>) -> ByteStream {
        Box::pin(futures_util::stream::iter(
            chunks.into_iter().map(|c| Ok(Bytes::from(c))),
        ))
    }

    #[tokio::test]
    async fn streams_a_multipart_upload_and_reads_it_back() -> Result<(), StorageError> {
        let storage = ObjectStorage::new(Arc::new(object_store::memory::InMemory::new()), "memory");
        // 12 MiB in 1 MiB chunks: more than one 5 MiB part.
        let chunks: Vec<Vec<u8>> = (0..12u8).map(|i| vec![i; 1024 * 1024]).collect();
        let expected: Vec<u8> = chunks.concat();
        let stored = storage
            .put("resources/1/v1.bin", stream(chunks), 100 * 1024 * 1024)
            .await?;
        assert_eq!(stored.size, expected.len() as u64);
        assert_eq!(stored.sha256, hex::encode(Sha256::digest(&expected)));
        let mut back = Vec::new();
        let mut s = storage.get("resources/1/v1.bin").await?;
        while let Some(chunk) = s.next().await {
            back.extend_from_slice(&chunk?);
        }
        assert_eq!(back, expected);
        storage.delete("resources/1/v1.bin").await?;
        assert!(matches!(
            storage.get("resources/1/v1.bin").await,
            Err(StorageError::NotFound(_))
        ));
        Ok(())
    }

    #[tokio::test]
    async fn aborts_an_upload_over_the_limit() -> Result<(), StorageError> {
        let storage = ObjectStorage::new(Arc::new(object_store::memory::InMemory::new()), "memory");
        let result = storage
            .put("big.bin", stream(vec![vec![1; 6], vec![2; 6]]), 10)
            .await;
        assert!(matches!(result, Err(StorageError::TooLarge { limit: 10 })));
        assert!(matches!(
            storage.get("big.bin").await,
            Err(StorageError::NotFound(_))
        ));
        Ok(())
    }
}
