// The page's words in English and Korean, and the language the browser prefers. No DOM, no socket.

export const TEXTS = {
  en: {
    registeredName: '{0} is a registered name: sign in with its password, or choose another.',
    signInTitle: 'Sign in to an account', registerTitle: 'Make a new account', accountName: 'Name',
    password: 'Password', signIn: 'Sign in', register: 'Register', wantRegister: 'Make a new account',
    wantSignIn: 'I have an account', accountHint: 'Stays signed in on this browser; 8 characters or more.',
    signedIn: 'signed in', signOut: 'Sign out', unreachable: 'The server cannot be reached; try again.',
    chooseName: 'Choose a name', enter: 'Enter', nameHint: 'Letters, digits, _ - and . — up to 32.',
    rooms: 'Rooms', members: 'Members', direct: 'Direct messages', youAre: 'You are', send: 'Send',
    joinPlaceholder: '+ join a room', inputPlaceholder: 'Message, or /help for commands',
    dmPlaceholder: 'Private message to {0}',
    joined: '{0} joined #{1}', left: '{0} left #{1}', leftReason: '{0} left #{1} ({2})',
    quit: '{0} quit', quitReason: '{0} quit ({1})', lost: '{0} lost the connection',
    kicked: '{0} was disconnected (not reading)', shutdown: '{0} left (server shutting down)',
    renamed: '{0} is now {1}', topicSet: '{0} set the topic: {1}', noTopic: 'no topic',
    topicIs: 'Topic of #{0}: {1}', whoIs: 'In #{0} ({1}): {2}', roomsHead: '{0} rooms:',
    roomLine: '#{0} ({1}) {2}', helpHead: 'Commands:', history: 'earlier',
    connecting: 'connecting…', online: '', offline: 'offline — retrying in {0} s',
    reconnected: 'Reconnected; missed messages filled in from history.',
    attached: 'Signed in here too: this is connection {0} of your account, in its rooms.',
    waitingName: 'waiting for the old connection to end…',
    loadingEarlier: 'loading earlier messages…', beginning: 'beginning of #{0}',
    killed: '{0} was disconnected by an administrator', killedReason: '{0} was disconnected by an administrator ({1})',
    noRoom: 'You are in no room: join one to talk.',
    modClaim: '{0} is now the founder of #{1}', modOp: '{0} made {2} an operator',
    modDeop: '{0} took operator status from {2}', modVoice: '{0} gave {2} a voice', modDevoice: '{0} took the voice from {2}',
    modKick: '{2} was kicked by {0}', modBan: '{0} banned {2}', modBanFor: '{0} banned {2} for {3}',
    modUnban: '{0} lifted the ban on {2}', modMute: '{0} muted {2}', modMuteFor: '{0} muted {2} for {3}',
    modUnmute: '{0} unmuted {2}', modInvite: '{0} invited {2}', modMode: '{0} set mode {3}', modReason: '{0} ({1})',
  },
  ko: {
    registeredName: '{0}은(는) 등록된 이름입니다. 비밀번호로 로그인하거나 다른 이름을 고르세요.',
    signInTitle: '계정으로 로그인', registerTitle: '새 계정 만들기', accountName: '이름',
    password: '비밀번호', signIn: '로그인', register: '가입', wantRegister: '새 계정 만들기',
    wantSignIn: '계정이 있어요', accountHint: '이 브라우저에서 로그인이 유지됩니다. 8자 이상.',
    signedIn: '로그인됨', signOut: '로그아웃', unreachable: '서버에 연결할 수 없습니다. 다시 시도하세요.',
    chooseName: '이름을 정하세요', enter: '입장', nameHint: '글자, 숫자, _ - . 로 32자까지.',
    rooms: '방', members: '참여자', direct: '개인 메시지', youAre: '내 이름', send: '보내기',
    joinPlaceholder: '+ 방 들어가기', inputPlaceholder: '메시지, 또는 /help 로 명령어 보기',
    dmPlaceholder: '{0}님에게 개인 메시지',
    joined: '{0}님이 #{1}에 들어왔습니다', left: '{0}님이 #{1}에서 나갔습니다',
    leftReason: '{0}님이 #{1}에서 나갔습니다 ({2})',
    quit: '{0}님이 떠났습니다', quitReason: '{0}님이 떠났습니다 ({1})', lost: '{0}님의 연결이 끊겼습니다',
    kicked: '{0}님의 연결을 끊었습니다 (수신 지연)', shutdown: '{0}님이 나갔습니다 (서버 종료)',
    renamed: '{0}님의 이름이 {1}(으)로 바뀌었습니다', topicSet: '{0}님이 주제를 정했습니다: {1}',
    noTopic: '주제 없음', topicIs: '#{0} 주제: {1}', whoIs: '#{0} 참여자 ({1}): {2}', roomsHead: '방 {0}개:',
    roomLine: '#{0} ({1}명) {2}', helpHead: '명령어:', history: '이전 기록',
    connecting: '연결 중…', online: '', offline: '연결 끊김 — {0}초 후 다시 연결',
    reconnected: '다시 연결했습니다. 놓친 메시지를 기록에서 채웠습니다.',
    attached: '여기서도 로그인했습니다. 이 계정의 {0}번째 연결이며, 계정의 방에 들어와 있습니다.',
    waitingName: '이전 연결이 끝나기를 기다리는 중…',
    loadingEarlier: '이전 메시지를 불러오는 중…', beginning: '#{0}의 처음입니다',
    killed: '{0}님의 연결을 관리자가 끊었습니다', killedReason: '{0}님의 연결을 관리자가 끊었습니다 ({1})',
    noRoom: '들어가 있는 방이 없습니다. 방에 들어가서 말하세요.',
    modClaim: '{0}님이 #{1}의 방장이 되었습니다', modOp: '{0}님이 {2}님을 운영자로 만들었습니다',
    modDeop: '{0}님이 {2}님의 운영자 권한을 거두었습니다', modVoice: '{0}님이 {2}님에게 발언권을 주었습니다',
    modDevoice: '{0}님이 {2}님의 발언권을 거두었습니다', modKick: '{2}님이 {0}님에 의해 쫓겨났습니다',
    modBan: '{0}님이 {2}을(를) 차단했습니다', modBanFor: '{0}님이 {2}을(를) {3} 동안 차단했습니다',
    modUnban: '{0}님이 {2}의 차단을 풀었습니다', modMute: '{0}님이 {2}님의 발언을 막았습니다',
    modMuteFor: '{0}님이 {2}님의 발언을 {3} 동안 막았습니다', modUnmute: '{0}님이 {2}님의 발언 제한을 풀었습니다',
    modInvite: '{0}님이 {2}님을 초대했습니다', modMode: '{0}님이 모드를 {3}(으)로 바꿨습니다', modReason: '{0} ({1})',
  },
};

/** 'ko' when the browser's first language is Korean, else 'en'. */
export function pickLanguage(languages) {
  return (languages && languages[0] || 'en').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export const LANG = typeof navigator === 'undefined' ? 'en'
  : pickLanguage(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);

/** The line for a `moderated` room event: who did what to whom, for how long, and why. */
export function moderationText(e) {
  const lasting = e.detail && (e.action === 'ban' || e.action === 'mute');
  const key = `mod${e.action.charAt(0).toUpperCase()}${e.action.slice(1)}${lasting ? 'For' : ''}`;
  const line = t(key, e.name, e.room, e.target ?? '', e.detail ?? '');
  return e.reason ? t('modReason', line, e.reason) : line;
}

/** The text for `key` in the page's language (English if missing), with {0}, {1}… filled from `args`. */
export function t(key, ...args) {
  const text = TEXTS[LANG][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\d)\}/g, (_, i) => args[i] ?? '');
}
