/** Console words of the resident channel (the QR code of a territory node). */
export const zhCNResident = {
  'resident.qr': '居民扫码二维码',
  'resident.qrTitle': '{name} · 居民扫码反映问题',
  'resident.qrHint': '居民用手机扫码即可反映问题、查看办理进度，无需下载 App、无需注册。',
  'resident.qrLink': '链接',
  'resident.qrPrint': '打印',
  'resident.qrDownload': '下载 PNG',
  'resident.qrPoster': '扫码反映问题',
  'resident.qrPosterHint': '手机扫一扫 · 随手拍 · 随时办',
} as const;

export const enUSResident: Record<keyof typeof zhCNResident, string> = {
  'resident.qr': 'Resident QR code',
  'resident.qrTitle': '{name} · resident QR code',
  'resident.qrHint': 'Residents scan it with a phone to report a problem and follow it: no app, no account.',
  'resident.qrLink': 'Link',
  'resident.qrPrint': 'Print',
  'resident.qrDownload': 'Download PNG',
  'resident.qrPoster': 'Scan to report a problem',
  'resident.qrPosterHint': 'Scan · snap · sorted',
};
