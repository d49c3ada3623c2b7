// TLS with a pre-shared key, as measured on Node 20.20 / OpenSSL 3.0:
// - TLS 1.3 with TLS_AES_128_GCM_SHA256 works with Node's pskCallback (OpenSSL maps the
//   legacy PSK callback to a SHA-256 external PSK, so TLS_AES_256_GCM_SHA384 fails with
//   "no suitable signature algorithm"). Key exchange is psk_dhe_ke: forward secret.
// - A wrong key fails the binder check (ERR_SSL_BINDER_DOES_NOT_VERIFY) before any
//   application byte is read; an unknown identity gets no key and the handshake fails.
// - TLS 1.2 PSK-AES256-GCM-SHA384 also works but is not used.
// The PSK identity is the dialing node's name; the hello message must repeat it.
import type { TLSSocket } from 'node:tls';

export const TLS_PSK_OPTIONS = {
  ciphers: 'TLS_AES_128_GCM_SHA256',
  minVersion: 'TLSv1.3',
  maxVersion: 'TLSv1.3',
} as const;

/** Server side: the key for a known identity, null (refuse) otherwise. */
export function serverPskOptions(key: Buffer, isKnown: (identity: string) => boolean, remember: (socket: TLSSocket, identity: string) => void) {
  return {
    ...TLS_PSK_OPTIONS,
    pskCallback(socket: TLSSocket, identity: string): Buffer | null {
      remember(socket, identity);
      return isKnown(identity) ? key : null;
    },
  };
}

/** Client side: present our name as the identity; no certificates are involved. */
export function clientPskOptions(key: Buffer, self: string) {
  return {
    ...TLS_PSK_OPTIONS,
    pskCallback: () => ({ psk: key, identity: self }),
    // No certificate to check: the server proved it holds the key (mutual PSK). Node
    // wants undefined here; @types/ws declares a boolean return, hence the cast.
    checkServerIdentity: (() => undefined) as unknown as () => boolean,
  };
}
