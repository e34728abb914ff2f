#![doc = include_str!("../README.md")]

pub mod object;

pub use object::{ObjectStorage, S3Settings};

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// A stream of file chunks.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("no file is stored under {0:?}")]
    NotFound(String),
    #[error("invalid storage key {0:?}")]
    BadKey(String),
    #[error("storage configuration: {0}")]
    Config(String),
    #[error("storage I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// What was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub size: u64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// The first bytes of the content, for sniffing the media type.
    pub head: Vec<u8>,
}

/// Where files live.
#[async_trait::async_trait]
pub trait Storage: Send + Sync + Debug {
    /// Streams `body` into storage under `key`, refusing more than `limit` bytes.
    async fn put(
        &self,
        key: &str,
        body: ByteStream,
        limit: u64,
    ) -> Result<StoredObject, StorageError>;
    /// Streams a stored file back.
    async fn get(&self, key: &str) -> Result<ByteStream, StorageError>;
    async fn delete(&self, key: &str) -> Result<(), StorageError>;
    /// A short description for logs and `/healthz`.
    fn describe(&self) -> String;
    /// The file on this machine's disk holding `key`, when storage is local (readers that need
    /// to seek or read twice, such as the datastore loader, then skip a copy).
    fn local_path(&self, _key: &str) -> Option<PathBuf> {
        None
    }
}

/// Checks a key: lowercase ASCII letters, digits, `-`, `_`, `.` and `/`, no `..`, no leading `/`.
pub fn validate_key(key: &str) -> Result<(), StorageError> {
    let ok = !key.is_empty()
        && key.len() <= 512
        && !key.starts_with('/')
        && !key
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(StorageError::BadKey(key.to_owned()))
    }
}

/// Files in a directory of the local disk.
#[derive(Debug, Clone)]
pub struct LocalStorage {
    root: PathBuf,
}

impl LocalStorage {
    pub fn new(root: impl AsRef<Path>) -> Result<Self, StorageError> {
        let root = root.as_ref().to_path_buf();
        std::fs::create_dir_all(root.join(".tmp"))?;
        Ok(Self { root })
    }

    fn path(&self, key: &str) -> Result<PathBuf, StorageError> {
        validate_key(key)?;
        Ok(self.root.join(key))
    }
}

/// How many leading bytes of an upload are kept for sniffing its media type.
pub const HEAD_BYTES: usize = 8192;

/// Keeps the first [`HEAD_BYTES`] of a stream as its chunks pass.
pub(crate) fn keep_head(head: &mut Vec<u8>, chunk: &[u8]) {
    if head.len() < HEAD_BYTES {
        let take = (HEAD_BYTES - head.len()).min(chunk.len());
        head.extend_from_slice(&chunk[..take]);
    }
}

#[async_trait::async_trait]
impl Storage for LocalStorage {
    async fn put(
        &self,
        key: &str,
        mut body: ByteStream,
        limit: u64,
    ) -> Result<StoredObject, StorageError> {
        let target = self.path(key)?;
        let tmp = self
            .root
            .join(".tmp")
            .join(opengov_kernel::secret::random_token("up-"));
        let result = async {
            let mut file = tokio::fs::File::create(&tmp).await?;
            let mut hasher = Sha256::new();
            let mut size: u64 = 0;
            let mut head = Vec::with_capacity(HEAD_BYTES);
            while let Some(chunk) = body.next().await {
                let chunk = chunk?;
                size += chunk.len() as u64;
                if size > limit {
                    return Err(StorageError::TooLarge { limit });
                }
                keep_head(&mut head, &chunk);
                hasher.update(&chunk);
                file.write_all(&chunk).await?;
            }
            file.sync_all().await?;
            drop(file);
            if let Some(parent) = target.parent() {
                tokio::fs::create_dir_all(parent).await?;
            }
            tokio::fs::rename(&tmp, &target).await?;
            Ok(StoredObject {
                key: key.to_owned(),
                size,
                sha256: hex::encode(hasher.finalize()),
                head,
            })
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        result
    }

    async fn get(&self, key: &str) -> Result<ByteStream, StorageError> {
        let path = self.path(key)?;
        let file = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StorageError::NotFound(key.to_owned()));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Box::pin(tokio_util::io::ReaderStream::new(file)))
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn local_path(&self, key: &str) -> Option<PathBuf> {
        self.path(key).ok().filter(|p| p.is_file())
    }

    fn describe(&self) -> String {
        format!("local directory {}", self.root.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(chunks: Vec<&'static [u8]>) -> ByteStream {
        Box::pin(futures_util::stream::iter(
            chunks.into_iter().map(|c| Ok(Bytes::from_static(c))),
        ))
    }

    #[tokio::test]
    async fn stores_streams_and_hashes_a_file() -> Result<(), StorageError> {
        let dir = std::env::temp_dir().join(opengov_kernel::secret::random_token("st-"));
        let storage = LocalStorage::new(&dir)?;
        let stored = storage
            .put("a/b.txt", stream(vec![b"hello ", b"world"]), 100)
            .await?;
        assert_eq!(stored.size, 11);
        assert_eq!(
            stored.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        let mut back = Vec::new();
        let mut s = storage.get("a/b.txt").await?;
        while let Some(chunk) = s.next().await {
            back.extend_from_slice(&chunk?);
        }
        assert_eq!(back, b"hello world");
        let _ = std::fs::remove_dir_all(dir);
        Ok(())
    }

    #[tokio::test]
    async fn refuses_a_file_over_the_limit_and_leaves_nothing() -> Result<(), StorageError> {
        let dir = std::env::temp_dir().join(opengov_kernel::secret::random_token("st-"));
        let storage = LocalStorage::new(&dir)?;
        let result = storage
            .put("big.bin", stream(vec![b"12345", b"67890"]), 8)
            .await;
        assert!(matches!(result, Err(StorageError::TooLarge { limit: 8 })));
        assert!(matches!(
            storage.get("big.bin").await,
            Err(StorageError::NotFound(_))
        ));
        assert_eq!(std::fs::read_dir(dir.join(".tmp"))?.count(), 0);
        let _ = std::fs::remove_dir_all(dir);
        Ok(())
    }

    #[test]
    fn rejects_keys_that_escape_the_root() {
        for bad in ["../x", "/etc/passwd", "a//b", "a/./b", "A.txt", ""] {
            assert!(validate_key(bad).is_err(), "{bad}");
        }
        assert!(validate_key("resources/12/v1.csv").is_ok());
    }
}
