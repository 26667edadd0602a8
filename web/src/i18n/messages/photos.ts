/** Words of case photos and the map point in the console (现场照片, 位置坐标). */
export const zhCNPhotos = {
  'photos.label': '现场照片',
  'photos.caseLabel': '照片',
  'photos.add': '上传照片',
  'photos.hint': 'JPG、PNG 或 WebP，每张不超过 5 MB，最多 {n} 张',
  'photos.wrongType': '{name} 不是 JPG、PNG 或 WebP 图片',
  'photos.busy': '照片还在上传，请稍候',
  'photos.tooMany': '最多上传 {n} 张照片',
  'photos.location': '位置坐标',
  'photos.openMap': '在地图中查看',
} as const;

export const enUSPhotos: Record<keyof typeof zhCNPhotos, string> = {
  'photos.label': 'Photos',
  'photos.caseLabel': 'Photos',
  'photos.add': 'Add photo',
  'photos.hint': 'JPG, PNG or WebP, up to 5 MB each, at most {n}',
  'photos.wrongType': '{name} is not a JPG, PNG or WebP image',
  'photos.busy': 'Photos are still uploading; please wait',
  'photos.tooMany': 'At most {n} photos',
  'photos.location': 'Map point',
  'photos.openMap': 'Open in map',
};
