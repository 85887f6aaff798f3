/**
 * Short messages about what just happened ("Copied", a refusal's reason), shown for a few seconds
 * above the tab bar. Errors are announced at once (role="alert"); the rest politely.
 */
export type Toast = { id: number; text: string; tone: 'info' | 'error' };

const lifetime = { info: 4000, error: 8000 } as const;
const maxShown = 3;

export class Toasts {
  list = $state<Toast[]>([]);
  private next = 1;

  show(text: string, tone: Toast['tone'] = 'info'): void {
    const id = this.next++;
    this.list = [...this.list.filter((toast) => toast.text !== text), { id, text, tone }].slice(
      -maxShown,
    );
    setTimeout(() => this.dismiss(id), lifetime[tone]);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((toast) => toast.id !== id);
  }
}
