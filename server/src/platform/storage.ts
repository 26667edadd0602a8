import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { s3Storage, type S3Options } from './s3.js';

/**
 * Where uploaded files live. Keys are opaque, server-chosen names
 * (`2026/12/<random>.jpg`), never a user's file name, so a key cannot climb
 * out of the store. The local disk is the default; an S3-compatible store
 * implements the same three calls.
 */
export interface FileStorage {
  readonly kind: string;
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** null when the file is gone. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9]{4}\/[0-9]{2}\/[A-Za-z0-9_-]{16,64}\.(jpg|png|webp)$/;

export function newKey(extension: 'jpg' | 'png' | 'webp', now = new Date()): string {
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return `${month}/${crypto.randomBytes(18).toString('base64url')}.${extension}`;
}

/** Files under `<GONGZHI_DATA_DIR>/uploads`, written to a temporary name first so a reader never sees half a file. */
export function localStorage(root: string): FileStorage {
  const where = (key: string) => {
    if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    kind: 'local',
    async put(key, data) {
      const file = where(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, data, { mode: 0o600 });
      await fs.rename(temporary, file);
    },
    async get(key) {
      try {
        return await fs.readFile(where(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(where(key), { force: true });
    },
  };
}

export function storageFor(config: { dataDir: string; storage: string; s3?: S3Options }): FileStorage {
  if (config.storage === 'local') return localStorage(path.join(config.dataDir, 'uploads'));
  if (config.storage === 's3' && config.s3) return s3Storage(config.s3);
  throw new Error(`GONGZHI_STORAGE: unknown storage "${config.storage}" (available: local, s3)`);
}

/**
 * Writes, reads back and deletes one small object, so that a wrong bucket, key or
 * permission stops the server at start instead of failing a resident's first photo.
 */
export async function probeStorage(storage: FileStorage): Promise<void> {
  const key = newKey('jpg');
  const data = Buffer.from(`gongzhi storage probe ${key}`);
  try {
    await storage.put(key, data, 'image/jpeg');
    const back = await storage.get(key);
    if (!back?.equals(data)) throw new Error('what was written did not read back');
    await storage.delete(key);
  } catch (error) {
    throw new Error(`GONGZHI_STORAGE=${storage.kind}: cannot store uploaded files: ${(error as Error).message}`, { cause: error });
  }
}
