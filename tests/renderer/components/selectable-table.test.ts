// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import SelectableTable from '../../../src/renderer/components/SelectableTable.vue';

interface Row {
  id: string;
  name: string;
}

function table(selectedKey: string | null = null) {
  return mount(SelectableTable<Row>, {
    props: {
      rows: [
        { id: 'a', name: 'web' },
        { id: 'b', name: 'db' },
      ],
      rowKey: (r: Row) => r.id,
      selectedKey,
      rowAttrs: (r: Row) => ({ 'data-testid': 'row', 'data-name': r.name }),
    },
    slots: { head: () => h('th', 'Name'), row: ({ row }: { row: Row }) => h('td', row.name) },
  });
}

describe('SelectableTable', () => {
  it('renders the owner’s cells with each row’s attributes and marks the selected one', () => {
    const wrapper = table('b');
    expect(wrapper.find('th').text()).toBe('Name');
    const rows = wrapper.findAll('[data-testid="row"]');
    expect(rows.map((r) => [r.attributes('data-name'), r.text(), r.attributes('aria-selected')])).toEqual([
      ['web', 'web', 'false'],
      ['db', 'db', 'true'],
    ]);
    expect(rows[1].classes()).toContain('selected');
  });

  it('selects a row on click and on Enter', async () => {
    const wrapper = table();
    await wrapper.find('[data-name="web"]').trigger('click');
    await wrapper.find('[data-name="db"]').trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('select')).toEqual([['a'], ['b']]);
  });
});
