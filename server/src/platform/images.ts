import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { AppError, fieldError } from './errors.js';
import { defineMessages } from './i18n.js';
import { Binary, Obj } from './schema.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Larger photos are scaled down on upload; phones take 4000+ px pictures nobody needs at full size. */
const MAX_EDGE = 2560;
const THUMB_EDGE = 320;
/** A decompression bomb (a tiny file declaring a huge image) is refused before it is decoded. */
const MAX_PIXELS = 40_000_000;

export const IMAGE_MESSAGES = defineMessages({
  'upload.too_large': { 'zh-CN': '图片不能超过 {limit}', 'en-US': 'Images may be at most {limit}' },
  'upload.not_an_image': { 'zh-CN': '只能上传 JPEG、PNG 或 WebP 图片', 'en-US': 'Only JPEG, PNG or WebP images can be uploaded' },
  'upload.broken_image': { 'zh-CN': '图片文件已损坏，无法读取', 'en-US': 'The image is damaged and cannot be read' },
  'upload.file_required': { 'zh-CN': '请选择要上传的图片', 'en-US': 'Choose an image to upload' },
});

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';
const EXTENSION: Record<ImageType, 'jpg' | 'png' | 'webp'> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The type by the file's first bytes: the name and the browser's claim are not evidence. */
export function sniffImage(data: Buffer): ImageType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export const tooLarge = (field = 'body.file') =>
  new AppError(413, IMAGE_MESSAGES['upload.too_large'], { limit: '5 MB' }, [{ field, key: IMAGE_MESSAGES['upload.too_large'], params: { limit: '5 MB' } }]);

export interface ProcessedImage {
  contentType: ImageType;
  extension: 'jpg' | 'png' | 'webp';
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
  sha256: string;
}

/**
 * Checks an uploaded photo and prepares what is stored: the picture turned
 * upright, scaled to at most 2560 px and re-encoded without its metadata (a
 * phone's EXIF carries the GPS position of the resident's home), and a 320 px
 * JPEG thumbnail for lists and timelines.
 */
export async function processImage(input: Buffer, field = 'body.file'): Promise<ProcessedImage> {
  if (input.length > MAX_IMAGE_BYTES) throw tooLarge(field);
  const contentType = sniffImage(input);
  if (!contentType) throw fieldError(field, IMAGE_MESSAGES['upload.not_an_image']);
  try {
    const source = () => sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const resized = source().resize(MAX_EDGE, MAX_EDGE, { fit: 'inside', withoutEnlargement: true });
    const encoded =
      contentType === 'image/jpeg' ? resized.jpeg({ quality: 85, mozjpeg: true })
      : contentType === 'image/png' ? resized.png({ compressionLevel: 9 })
      : resized.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await source()
      .resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    return {
      contentType,
      extension: EXTENSION[contentType],
      data,
      thumbnail,
      width: info.width,
      height: info.height,
      sha256: crypto.createHash('sha256').update(data).digest('hex'),
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fieldError(field, IMAGE_MESSAGES['upload.broken_image']);
  }
}

/** Reads the one file of a multipart upload (field `file`), turning the size limit into a 413 on that field. */
export async function readUpload(request: FastifyRequest): Promise<{ name: string; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type');
  const file = await request.file();
  if (!file || file.fieldname !== 'file') throw fieldError('body.file', IMAGE_MESSAGES['upload.file_required']);
  try {
    return { name: file.filename, data: await file.toBuffer() };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
}

/** The multipart form of an upload, for the OpenAPI document (the route reads the stream itself). */
export const UploadBody = Obj({ file: Binary });
export const uploadSchema = { consumes: ['multipart/form-data'], body: UploadBody } as const;
/** The body is streamed with request.file(); skip the JSON validator. */
export const streamedBody = () => (data: unknown) => ({ value: data });
