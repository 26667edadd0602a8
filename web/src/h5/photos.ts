/**
 * Phone cameras take 4–12 MB pictures; a cheap phone on a slow network should
 * not send them whole. Photos are scaled to at most 1920 px and re-encoded as
 * JPEG before upload; what is already small goes as it is.
 */
const MAX_EDGE = 1920;
const SMALL_ENOUGH = 800 * 1024;

export async function downscale(file: File): Promise<{ blob: Blob; name: string }> {
  if (file.size <= SMALL_ENOUGH || !/^image\/(jpeg|png|webp)$/.test(file.type)) return { blob: file, name: file.name };
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return { blob: file, name: file.name };
    return { blob, name: file.name.replace(/\.[^.]*$/, '') + '.jpg' };
  } catch {
    // A browser that cannot decode it here: let the server judge the original.
    return { blob: file, name: file.name };
  }
}
