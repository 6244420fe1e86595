import { describe, expect, it } from "vitest";
import { BundleExportError } from "@/lib/bundles/export/errors";
import { RecordSchemaError } from "@/lib/cases/records-client";
import { CryptoError } from "@/lib/crypto/errors";
import { DownloadError } from "@/lib/evidence/download-client";
import { UploadError } from "@/lib/evidence/upload-errors";
import { ClientError, isClientError } from "./client-error";

describe("ClientError", () => {
  it("is what every browser-side domain error is, with its code and its own name", () => {
    const errors: [ClientError, string, string][] = [
      [new CryptoError("damaged"), "damaged", "CryptoError"],
      [new UploadError("evidence.fileChanged"), "evidence.fileChanged", "UploadError"],
      [new DownloadError("hash_mismatch", 200, { partNumber: 3 }), "hash_mismatch", "DownloadError"],
      [new BundleExportError("exhibit_blocked", "exhibit 2 cannot be exported", { exhibit: 2 }), "exhibit_blocked", "BundleExportError"],
      [new RecordSchemaError("person_profile", "00000000-0000-4000-8000-000000000000", 1), "invalid_record", "RecordSchemaError"],
      [new ClientError("timestamp_unavailable", "the server answered HTTP 502"), "timestamp_unavailable", "ClientError"],
    ];
    for (const [error, code, name] of errors) {
      expect(error).toBeInstanceOf(ClientError);
      expect(isClientError(error, code), name).toBe(true);
      expect(isClientError(error, "some_other_code"), name).toBe(false);
      expect(error.name).toBe(name);
    }
  });

  it("keeps a domain's numbers beside the code; the message is the code unless one is given", () => {
    const blocked = new BundleExportError("exhibit_blocked", "exhibit 2 cannot be exported", { exhibit: 2 });
    expect(blocked.exhibit).toBe(2);
    expect(new DownloadError("damaged", undefined, { partNumber: 7 }).partNumber).toBe(7);
    expect(new ClientError("testimony.invalid").message).toBe("testimony.invalid");
  });

  it("does not claim errors it did not make", () => {
    expect(isClientError(new Error("damaged"))).toBe(false);
    expect(isClientError({ code: "damaged" })).toBe(false);
    expect(isClientError("damaged")).toBe(false);
  });
});
