import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { ConfirmButton, ErrorNote, Field, fieldError, TableScroll } from './ui';

afterEach(cleanup);

const problem = new ApiError(400, { title: 'One or more validation errors occurred.', errors: { Budgeted: ['Must be greater than zero.'], other: ['Something else.'] } });

describe('errors from the API', () => {
  it('appear next to the field at fault, tied to it for screen readers', () => {
    render(
      <Field label="Amount" name="budgeted" error={fieldError(problem, 'budgeted')}>
        {(props) => <input {...props} />}
      </Field>,
    );
    const input = screen.getByLabelText('Amount');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Must be greater than zero.');
  });

  it('leave only what no field shows for the form-level note', () => {
    render(<ErrorNote error={problem} shown={['budgeted']} />);
    expect(screen.getByRole('alert').textContent).toBe('Something else.');
  });

  it('prefer a message typed-in checks found before the API was asked', () => {
    expect(fieldError(problem, 'budgeted', { budgeted: 'At most 2 decimals.' })).toBe('At most 2 decimals.');
  });
});

describe('destructive actions', () => {
  it('ask first and act only on yes', () => {
    const onConfirm = vi.fn();
    render(<ConfirmButton label="Delete" question="Delete Groceries?" onConfirm={onConfirm} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});

describe('a table that may be wide', () => {
  it('adds no tab stop while it fits', () => {
    render(<TableScroll label="Boxes"><table><tbody><tr><td>Rent</td></tr></tbody></table></TableScroll>);
    expect(screen.queryByRole('region')).toBeNull();
    expect(document.querySelector('.table-scroll')?.getAttribute('tabindex')).toBeNull();
  });
});
