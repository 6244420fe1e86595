import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { checkKey, type BlobStore } from "./blob-store";
import { eachChunk, verifyingStream } from "./verifying-stream";

// BLOB_STORE=fs (the default): one file per blob under DATA_DIR/blobs, the
// key its path. A write goes to a temporary file in the same folder tree,
// is fsynced, then renamed into place and the folder fsynced: a crash at any
// point leaves either no file under the key or the whole one. Temporary
// files of interrupted writes are removed by the cleanup tick
// (sweepIncomplete). Files are mode 0600: ciphertext, but still nobody's
// business but the server's.

const TEMP_DIR = ".incomplete";

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Renames the written file into place. Its folder may have gone since the
 * write began: a prefix deleted meanwhile (an upload cancelled while a part
 * streamed in). The folder is made again and the rename tried once more;
 * the caller, finding the upload gone, takes the blob back.
 */
async function renameInto(temp: string, target: string): Promise<void> {
  try {
    await fsp.rename(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await fsp.rename(temp, target);
  }
}

export function fsBlobStore(root: string): BlobStore {
  const fileOf = (key: string) => path.join(root, ...checkKey(key).split("/"));
  const tempDir = path.join(root, TEMP_DIR);

  return {
    kind: "fs",

    async put({ key, body, size, sha256 }) {
      const target = fileOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await fsp.mkdir(tempDir, { recursive: true, mode: 0o700 });
      const temp = path.join(tempDir, randomUUID());
      const handle = await fsp.open(temp, "wx", 0o600);
      try {
        await eachChunk(verifyingStream(body, size, sha256), (chunk) => handle.write(chunk));
        await handle.sync();
      } catch (error) {
        await handle.close();
        await fsp.rm(temp, { force: true });
        throw error;
      }
      await handle.close();
      try {
        await renameInto(temp, target);
      } catch (error) {
        await fsp.rm(temp, { force: true });
        throw error;
      }
      await syncDir(path.dirname(target));
    },

    async get(key) {
      let handle;
      try {
        handle = await fsp.open(fileOf(key), "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      return Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
    },

    async size(key) {
      try {
        return (await fsp.stat(fileOf(key))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async list(prefix) {
      const keys: string[] = [];
      const walk = async (dir: string, rel: string) => {
        let entries: fs.Dirent[];
        try {
          entries = await fsp.readdir(dir, { withFileTypes: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
          throw error;
        }
        for (const entry of entries) {
          if (!rel && entry.name === TEMP_DIR) continue;
          const key = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) {
            if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(path.join(dir, entry.name), key);
          } else if (entry.isFile() && key.startsWith(prefix)) {
            keys.push(key);
          }
        }
      };
      await walk(root, "");
      return keys.sort();
    },

    async delete(keys) {
      await Promise.all(keys.map((key) => fsp.rm(fileOf(key), { force: true })));
    },

    async deletePrefix(prefix) {
      // A prefix ending in "/" is a folder: remove it whole.
      if (prefix.endsWith("/")) await fsp.rm(fileOf(prefix.slice(0, -1)), { recursive: true, force: true });
      else await this.delete(await this.list(prefix));
    },

    async sweepIncomplete(before) {
      let removed = 0;
      let names: string[];
      try {
        names = await fsp.readdir(tempDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
        throw error;
      }
      for (const name of names) {
        const file = path.join(tempDir, name);
        const stat = await fsp.stat(file).catch(() => null);
        if (stat && stat.mtime < before) {
          await fsp.rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
