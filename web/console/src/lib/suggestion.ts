/** 分办建议 in words: how sure the office's learned routing model is, and the petition's words that made it so. */
export function suggestionWords(s: { confidence: number; words: string[] }): string {
  return `把握${Math.round(s.confidence * 100)}%${s.words.length ? `，依据：${s.words.join('、')}` : ''}`;
}
