// The page's words, Chinese first, English beside them (the help desk's wording,
// app/ui/verification/verification_banner.py and app/ui/common/labels.py).
/* global RO_RULES */
export const RULES = RO_RULES;

export const TEXT = {
  zh: {
    title: '注册证书验真', subtitle: '离线核验电子注册证书二维码', lang: 'English',
    scan: '扫码', stop: '停止', openImage: '打开图片或 PDF', paste: '粘贴二维码文字或链接', check: '核验',
    idle: '请出示证书二维码', idleHelp: '用后置摄像头扫码，打开证书图片，或粘贴二维码文字。',
    busy: '正在核验…', loadingDecoder: '正在加载二维码识别模块…', cameraStarting: '正在打开摄像头…',
    cameraDenied: '无法使用摄像头：{0}。可打开证书图片或粘贴二维码文字。',
    cameraInsecure: '摄像头只能在 HTTPS 网页中使用；此页面可核验粘贴的文字和图片。',
    noCode: '文件中没有可识别的二维码。', fileTooLarge: '文件过大（上限 {0} MB）。',
    notImage: '无法读取此文件：请选择 JPG、PNG 图片或 PDF。',
    decoderFailed: '二维码识别模块加载失败：{0}',
    status: {
      valid: '有效', expired: '已过期', not_yet_valid: '未生效', registration_expired: '注册已过期',
      revoked: '已撤销', superseded: '已被新证书取代', invalid_signature: '无法验证真伪',
      unknown_issuer: '无法验证真伪', not_a_certificate: '非本系统证书', no_code_found: '未找到二维码',
      no_trust_list: '无法核验', file_unreadable: '无法读取文件', camera_unavailable: '无法使用摄像头',
      decoder_unavailable: '无法识别二维码',
    },
    explain: {
      valid: '证书真实，在使用有效期内。请核对持证人相貌与照片。',
      expired: '证书真实，但使用有效期已结束。请持证人重新下载或加注。',
      not_yet_valid: '证书真实，但使用有效期尚未开始。',
      registration_expired: '证书真实，但注册有效期已届满，需办理延续注册。',
      revoked: '该证书已被撤销（注销），不能使用。',
      superseded: '此后已签发更新的证书，本证书不再使用。请持证人出示最新证书。',
      invalid_signature: '签名不符：证书可能被伪造、篡改或二维码已损坏。',
      unknown_issuer: '签发机构不在本页面的信任列表中，请从签发机构网站打开最新的验真页面。',
      not_a_certificate: '这个二维码或条码不是注册证书。',
      no_code_found: '文件中没有可识别的二维码。',
      no_trust_list: '信任列表缺失或无效，无法核验证书。',
    },
    fields: {
      name: '姓名', gender: '性别', birth_date: '出生日期', kind: '证书类别', serial: '证书编号',
      registration_number: '注册编号', employer: '聘用企业', specialties: '注册专业', window: '使用有效期',
      remaining: '剩余天数', issuer: '签发机构', withdrawal: '撤销或取代',
    },
    male: '男', female: '女', to: '{0} 至 {1}', until: '{0}（至 {1}）', days: '{0} 天', lastDay: '今天是最后一天',
    overdue: '已过期 {0} 天', startsIn: '{0} 天后生效', usccOnly: '统一社会信用代码 {0}',
    revokedOn: '{0} 撤销：{1}', supersededOn: '{0} 起已被取代：{1}',
    specimen: '样本', specimenNote: '样本（演示或培训用证书，不是真实证书）',
    keyCompromised: '签发密钥此后被停用（{0} 起）；本证书签发于停用之前。',
    revocationsAsOf: '撤销信息仅截至 {0}：此后的撤销本页面无法得知。',
    revocationsUnknown: '没有该签发机构的撤销列表：无法得知证书是否已被撤销。',
    trustStale: '信任列表已 {0} 天未更新（机构规定不超过 {1} 天），结果可能不完整。请从机构网站重新打开本页面。',
    trustBy: '信任列表：{0}，{1} 发布', trustOffices: '可核验的签发机构：{0}',
    fingerprint: '机构密钥指纹（可与机构公布的核对）：',
    trustNew: '本手机首次使用此信任列表。', trustUnconfirmed: '信任列表的签名密钥与本手机以前所见的不同：可能是冒充的页面。请向机构核对密钥指纹。',
    trustOlder: '此信任列表比本手机以前所见的更旧，可能缺少新近的撤销信息。',
    trustError: { trust_list_invalid: '信任列表格式无效。', trust_list_damaged: '信任列表已损坏或被修改。', trust_list_signature: '信任列表的签名无效。', missing: '未找到信任列表（trust.js）。' },
    offline: '已可离线使用', install: '可添加到主屏幕，离线使用。', reason: '原因：{0}',
    time: '核验时间 {0}（本机时钟）',
    reasons: {
      damaged: '二维码内容已损坏或被改动', bad_signature: '签名与内容不符', malformed_claims: '证书内容格式不符',
      issuer_mismatch: '签发机构与签名密钥不符', key_reserved: '签名密钥尚未启用', key_compromised: '签名密钥已停用（被盗或泄露）后签发',
      demo_key_not_specimen: '演示密钥签发的非样本证书', key_not_valid_at_issue: '签发时签名密钥不在有效期内',
      window_not_from_annotation_day: '使用有效期不是从加注当天开始', issued_outside_window: '签发时间不在使用有效期内',
      window_too_long: '使用有效期超过 180 天', window_past_registration: '使用有效期超出注册有效期',
      no_prefix: '不是以 RO1: 开头', unsupported_version: '本页面不支持的证书格式版本',
    },
  },
  en: {
    title: 'Certificate check', subtitle: 'Offline check of registration certificate QR codes', lang: '中文',
    scan: 'Scan', stop: 'Stop', openImage: 'Open image or PDF', paste: 'Paste the QR text or link', check: 'Check',
    idle: 'Show the certificate\'s QR code', idleHelp: 'Scan with the rear camera, open a picture of the certificate, or paste the QR text.',
    busy: 'Checking…', loadingDecoder: 'Loading the QR decoder…', cameraStarting: 'Starting the camera…',
    cameraDenied: 'Cannot use the camera: {0}. Open a picture of the certificate or paste the QR text.',
    cameraInsecure: 'The camera works only on an HTTPS page; here you can check pasted text and pictures.',
    noCode: 'No QR code found in the file.', fileTooLarge: 'The file is too large (limit {0} MB).',
    notImage: 'Cannot read this file: choose a JPG or PNG picture or a PDF.',
    decoderFailed: 'The QR decoder did not load: {0}',
    status: {
      valid: 'Valid', expired: 'Expired', not_yet_valid: 'Not yet valid', registration_expired: 'Registration expired',
      revoked: 'Revoked', superseded: 'Superseded', invalid_signature: 'Cannot be verified',
      unknown_issuer: 'Cannot be verified', not_a_certificate: 'Not a certificate', no_code_found: 'No QR code found',
      no_trust_list: 'Cannot check', file_unreadable: 'Cannot read the file', camera_unavailable: 'Camera not available',
      decoder_unavailable: 'Cannot read QR codes',
    },
    explain: {
      valid: 'The certificate is genuine and inside its use window. Compare the holder with the photo.',
      expired: 'The certificate is genuine, but its use window is over. The holder must download or annotate it again.',
      not_yet_valid: 'The certificate is genuine, but its use window has not started yet.',
      registration_expired: 'The certificate is genuine, but the registration has expired; a continuation is needed.',
      revoked: 'This certificate has been revoked and must not be used.',
      superseded: 'A newer certificate was issued since; this one is no longer used. Ask for the latest certificate.',
      invalid_signature: 'The signature does not match: the certificate may be forged or altered, or the QR code is damaged.',
      unknown_issuer: 'The issuing office is not in this page\'s trust list. Open the latest verifier page from the office\'s website.',
      not_a_certificate: 'This QR code or barcode is not a registration certificate.',
      no_code_found: 'No QR code found in the file.',
      no_trust_list: 'The trust list is missing or invalid; certificates cannot be checked.',
    },
    fields: {
      name: 'Name', gender: 'Gender', birth_date: 'Date of birth', kind: 'Certificate', serial: 'Certificate no.',
      registration_number: 'Registration no.', employer: 'Employer', specialties: 'Specialties', window: 'Use window',
      remaining: 'Days left', issuer: 'Issued by', withdrawal: 'Revoked / superseded',
    },
    male: 'Male', female: 'Female', to: '{0} to {1}', until: '{0} (until {1})', days: '{0} days', lastDay: 'Today is the last day',
    overdue: 'Expired {0} days ago', startsIn: 'Valid in {0} days', usccOnly: 'Unified social credit code {0}',
    revokedOn: 'Revoked on {0}: {1}', supersededOn: 'Superseded since {0}: {1}',
    specimen: 'SPECIMEN', specimenNote: 'SPECIMEN (a demo or training certificate, not a real one)',
    keyCompromised: 'The signing key was later withdrawn (from {0}); this certificate was signed before that.',
    revocationsAsOf: 'Revocations known only up to {0}: a later revocation cannot be known here.',
    revocationsUnknown: 'No revocation list of this office: a revocation cannot be known here.',
    trustStale: 'The trust list is {0} days old (the office\'s limit is {1} days); the result may be incomplete. Reopen this page from the office\'s website.',
    trustBy: 'Trust list: {0}, published {1}', trustOffices: 'Offices checked: {0}',
    fingerprint: 'Office key fingerprint (compare with the one the office publishes):',
    trustNew: 'First use of this trust list on this phone.', trustUnconfirmed: 'The trust list is signed by a key this phone has not seen as the office\'s key: the page may be an impostor. Compare the key fingerprint with the office.',
    trustOlder: 'This trust list is older than one this phone has seen; recent revocations may be missing.',
    trustError: { trust_list_invalid: 'The trust list is not valid.', trust_list_damaged: 'The trust list is damaged or was edited.', trust_list_signature: 'The trust list\'s signature is not valid.', missing: 'The trust list (trust.js) was not found.' },
    offline: 'Ready for offline use', install: 'Add to the home screen to use it offline.', reason: 'Reason: {0}',
    time: 'Checked at {0} (this device\'s clock)',
    reasons: {
      damaged: 'the QR content is damaged or altered', bad_signature: 'the signature does not match the content',
      malformed_claims: 'the certificate data is malformed', issuer_mismatch: 'the issuing office does not match the signing key',
      key_reserved: 'the signing key is not in use yet', key_compromised: 'signed after the key was withdrawn (stolen or leaked)',
      demo_key_not_specimen: 'a demo key signed a certificate that is not a specimen',
      key_not_valid_at_issue: 'the signing key was not valid when it signed',
      window_not_from_annotation_day: 'the use window does not start on the annotation day',
      issued_outside_window: 'signed outside the use window', window_too_long: 'the use window is longer than 180 days',
      window_past_registration: 'the use window ends after the registration', no_prefix: 'it does not start with RO1:',
      unsupported_version: 'a format version this page does not know',
    },
  },
};

export function fmt(template, ...args) {
  return template.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

export function kindName(lang, kind) {
  const k = RULES[kind];
  return k ? k[lang] : kind;
}

export function specialtyName(lang, kind, code) {
  const s = RULES[kind] && RULES[kind].specialties[code];
  return s ? s[lang] : code;
}

export function pickLanguage(stored, navigatorLanguages) {
  if (stored === 'zh' || stored === 'en') return stored;
  // Chinese first: English only when the browser prefers it over any Chinese.
  for (const l of navigatorLanguages || []) {
    if (/^zh/i.test(l)) return 'zh';
    if (/^en/i.test(l)) return 'en';
  }
  return 'zh';
}
