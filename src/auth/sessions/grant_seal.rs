//! Seals the identity provider's tokens before they go into the `sessions` table.
//!
//! The app role may read `sessions` (the store reads it before anyone is known), so a refresh
//! token stored in clear there would be a credential at the provider for anyone with that
//! role's password or a backup. Sealed with AES-256-GCM under a key derived from SECRET_KEY,
//! which the database never sees, and bound to the row's id, a copied value is useless: it opens
//! neither without the key nor in another row.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::auth::oidc::ProviderGrant;
use crate::config::Secret;

/// Separates this key from the others derived from SECRET_KEY (the cookie key).
const KEY_CONTEXT: &[u8] = b"rediflow session provider grant v1\0";
const NONCE_BYTES: usize = 12;

/// Seals and opens provider grants for session rows.
#[derive(Clone)]
pub struct GrantSeal {
    cipher: Aes256Gcm,
}

impl GrantSeal {
    /// The seal of a server whose SECRET_KEY is `secret`.
    pub fn new(secret: &Secret) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(KEY_CONTEXT);
        hasher.update(secret.expose().as_bytes());
        let key = hasher.finalize();
        GrantSeal {
            cipher: Aes256Gcm::new(&key),
        }
    }

    /// `grant` sealed for the session row `session_id` (base64 of nonce and ciphertext).
    pub fn seal(&self, session_id: &str, grant: &ProviderGrant) -> anyhow::Result<String> {
        let plain = serde_json::to_vec(grant)?;
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: session_id.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("the provider grant could not be sealed"))?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(STANDARD.encode(bytes))
    }

    /// The grant sealed for `session_id`; `None` when it was sealed under another key (a new
    /// SECRET_KEY), for another row, or altered.
    pub fn open(&self, session_id: &str, sealed: &str) -> Option<ProviderGrant> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() <= NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().ok()?;
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: session_id.as_bytes(),
                },
            )
            .ok()?;
        serde_json::from_slice(&plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant() -> ProviderGrant {
        ProviderGrant {
            subject: "sub-1".into(),
            access_token: "access-secret".into(),
            access_token_expires_at: Some(1_900_000_000),
            refresh_token: Some("refresh-secret".into()),
        }
    }

    #[test]
    fn a_sealed_grant_opens_only_in_its_row_and_under_its_key() {
        let seal = GrantSeal::new(&Secret::new("k".repeat(64)));
        let sealed = seal.seal("row-a", &grant()).unwrap();
        assert!(!sealed.contains("secret"), "no token in clear: {sealed}");
        assert_eq!(seal.open("row-a", &sealed), Some(grant()));
        assert_eq!(seal.open("row-b", &sealed), None, "moved to another row");
        let other = GrantSeal::new(&Secret::new("x".repeat(64)));
        assert_eq!(other.open("row-a", &sealed), None, "another SECRET_KEY");
        let mut altered = STANDARD.decode(&sealed).unwrap();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(seal.open("row-a", &STANDARD.encode(altered)), None);
        assert_eq!(seal.open("row-a", "not base64!"), None);
        assert_ne!(
            seal.seal("row-a", &grant()).unwrap(),
            sealed,
            "a fresh nonce every time"
        );
    }

    #[test]
    fn debug_output_hides_the_tokens() {
        let text = format!("{:?}", grant());
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("sub-1"), "{text}");
    }
}
