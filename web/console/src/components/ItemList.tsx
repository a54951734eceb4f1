import { Empty, theme } from 'antd';
import type { Key, ReactNode } from 'react';

/**
 * Rows one under another, divided by a rule, as Ant Design's List laid them
 * out — List is deprecated in Ant Design 6.6 (to go in the next major) and its
 * successor, Listy, is a virtual list for long scrolling data, not for a
 * case's few letters. A real list (ul/li) for screen readers.
 */
export function ItemList<T>({ items, itemKey, renderItem, emptyText }: { items: readonly T[]; itemKey: (item: T) => Key; renderItem: (item: T) => ReactNode; emptyText?: string }) {
  const { token } = theme.useToken();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? '暂无数据'} />;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item, index) => (
        <li key={itemKey(item)} style={{ padding: `${token.paddingSM}px 0`, borderBlockEnd: index < items.length - 1 ? `${token.lineWidth}px ${token.lineType} ${token.colorSplit}` : undefined }}>
          {renderItem(item)}
        </li>
      ))}
    </ul>
  );
}
