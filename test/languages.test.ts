/**
 * News in languages other than English, as journalists and monitors in them would cluster it.
 */
import { describe, expect, it } from 'vitest';
import { textDocument } from '../src/input/read.js';

describe('titles in scripts without spaces', () => {
  it('takes a headline without spaces for the title, not the byline under it', () => {
    const text = '杭州地铁新线开通首日客流突破二十万人次\n\n本报记者 王明 李华 报道\n\n杭州地铁十九号线二期工程于周六上午正式开通运营。';
    expect(textDocument('zh.txt', text, 'text')).toMatchObject({ title: '杭州地铁新线开通首日客流突破二十万人次' });
    const thai = 'น้ำท่วมเชียงใหม่หนักสุดในรอบสิบปี\n\nโดย ทีมข่าว ภูมิภาค\n\nน้ำท่วมหนักในเชียงใหม่ทำให้ประชาชนหลายพันคนต้องอพยพ';
    expect(textDocument('th.txt', thai, 'text')).toMatchObject({ title: 'น้ำท่วมเชียงใหม่หนักสุดในรอบสิบปี' });
  });
});
