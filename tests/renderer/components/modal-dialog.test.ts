// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ModalDialog from '../../../src/renderer/components/ModalDialog.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

function open(props: Record<string, unknown> = {}) {
  return mount(ModalDialog, {
    props: { open: true, title: 'Remove web?', ...props },
    attrs: { 'data-testid': 'the-dialog' },
    slots: { default: '<p>Body</p>', buttons: '<button type="button">OK</button>' },
    attachTo: document.body,
  });
}

describe('ModalDialog', () => {
  it('is a labelled modal dialog with its body and buttons, attributes on the box', () => {
    const wrapper = open({ width: 720 });
    const box = wrapper.find('[data-testid="the-dialog"]');
    expect(box.attributes()).toMatchObject({ role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Remove web?' });
    expect(box.attributes('style')).toContain('--dialog-width: 720px');
    expect(box.find('h2').text()).toBe('Remove web?');
    expect(box.text()).toContain('Body');
    expect(box.find('button').text()).toBe('OK');
  });

  it('asks to close on Escape and on a click beside it, not on a click inside', async () => {
    const wrapper = open();
    await wrapper.find('[role="dialog"]').trigger('click');
    expect(wrapper.emitted('close')).toBeUndefined();
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    await wrapper.find('.backdrop').trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(2);
  });

  it('renders nothing while closed', () => {
    expect(open({ open: false }).find('[role="dialog"]').exists()).toBe(false);
  });
});
