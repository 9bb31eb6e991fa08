//! The one way the app writes: [`use_mutation`].
//!
//! A [`Mutation`] runs an async request and keeps in signals what the UI shows of it: whether
//! it is under way (`pending`, for `disabled` and `aria-busy`) and how it failed (`error`, for
//! [`FormError`](crate::components::FormError)). It also decides which answers still matter:
//! an answer to a run that is no longer current does not touch the UI. A run stops being
//! current when a newer run of the same mutation starts, or when its [`MutationScope`] is
//! reset (a card reset when it is given another dashboard).
//!
//! The work is split in two, and the split is the point:
//! - the request function runs to its end whatever happens meanwhile: bring shared state (a
//!   store of what the server holds) up to date there, so that a late answer is not lost;
//! - [`Mutation::on_success`] and the error line are UI state (close the editor, clear the
//!   field): they see only the answer to the current run.
//!
//! Why not leptos's `Action::new_local`: in leptos 0.8 (reactive_graph 0.2) every answer lands
//! in the action's `value`, in the order the answers arrive (its "is latest" check compares a
//! counter that is never raised), so an older answer can overwrite a newer one; and reacting
//! to `value` takes an `Effect` that copies one signal into another.
//!
//! ```ignore
//! let rename = use_mutation(move |(id, patch): (DashboardId, PatchDashboard)| async move {
//!     let server = client.patch_dashboard(&id, &patch).await?;
//!     store.update(&id, |d| d.name = server.name); // runs even if nobody looks anymore
//!     Ok(())
//! })
//! .on_success(move |()| editing.set(None)); // the current run only
//! view! { <button disabled=rename.pending() on:click=move |_| rename.run((id(), patch()))>"Save"</button>
//!         <FormError error=rename.error() testid="error" /> }
//! ```

use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Request<I, O> = Rc<dyn Fn(I) -> Pin<Box<dyn Future<Output = Result<O, ApiError>>>>>;
type OnSuccess<O> = Rc<dyn Fn(O)>;

/// One run of a mutation: the scope's epoch it started in, and its number among the runs of
/// its mutation. It is current while both are still the latest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    epoch: u64,
    number: u64,
}

/// What the mutations of one form, dialog or card share: one error line, one "something is
/// under way" flag, and one reset. [`use_mutation`] makes a scope of its own; make one with
/// [`MutationScope::new`] when several writes show their state in one place.
#[derive(Clone, Copy)]
pub struct MutationScope {
    /// The failure of the latest current run of any mutation of the scope, or a validation
    /// error the component puts here before sending anything. Each run clears it.
    pub error: RwSignal<Option<ApiError>>,
    /// Raised by `reset`: runs started before are no longer current.
    epoch: RwSignal<u64>,
    /// Runs started since the last reset that have not answered yet.
    in_flight: RwSignal<usize>,
}

impl Default for MutationScope {
    fn default() -> Self {
        Self::new()
    }
}

impl MutationScope {
    /// A scope with no error and nothing under way, owned by the calling component.
    pub fn new() -> Self {
        MutationScope { error: RwSignal::new(None), epoch: RwSignal::new(0), in_flight: RwSignal::new(0) }
    }

    /// True while a run of any mutation of the scope, started since the last reset, has not
    /// answered (a superseded run counts until it answers: its request is still under way).
    pub fn pending(&self) -> Signal<bool> {
        let in_flight = self.in_flight;
        Signal::derive(move || in_flight.get() > 0)
    }

    /// Forgets every run under way: their requests go on, and their request functions still
    /// update shared state, but their answers no longer touch the UI. Clears the error.
    pub fn reset(&self) {
        self.epoch.update(|e| *e += 1);
        self.in_flight.set(0);
        self.error.set(None);
    }

    /// A mutation of this scope: `request` makes the future of one run from its input. It
    /// shares the scope's error line and pending flag; it lives as long as the calling
    /// component (make it where the state it reports should outlive a closing menu).
    pub fn mutation<I, O, F, Fut>(&self, request: F) -> Mutation<I, O>
    where
        I: 'static,
        O: 'static,
        F: Fn(I) -> Fut + 'static,
        Fut: Future<Output = Result<O, ApiError>> + 'static,
    {
        let request: Request<I, O> = Rc::new(move |input| Box::pin(request(input)));
        Mutation {
            scope: *self,
            request: StoredValue::new_local(request),
            on_success: StoredValue::new_local(None),
            runs: StoredValue::new(0),
            current: RwSignal::new(None),
        }
    }
}

/// A mutation with a scope of its own: see the [module documentation](self).
pub fn use_mutation<I, O, F, Fut>(request: F) -> Mutation<I, O>
where
    I: 'static,
    O: 'static,
    F: Fn(I) -> Fut + 'static,
    Fut: Future<Output = Result<O, ApiError>> + 'static,
{
    MutationScope::new().mutation(request)
}

/// One kind of write (rename, attach a label, delete, …), run as often as the user asks.
/// `I` is what one run is given, `O` what it answers. `Copy`, like a signal.
pub struct Mutation<I, O> {
    scope: MutationScope,
    request: StoredValue<Request<I, O>, LocalStorage>,
    on_success: StoredValue<Option<OnSuccess<O>>, LocalStorage>,
    runs: StoredValue<u64>,
    /// The run whose answer the UI waits for.
    current: RwSignal<Option<Run>>,
}

impl<I, O> Clone for Mutation<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Mutation<I, O> {}

impl<I: 'static, O: 'static> Mutation<I, O> {
    /// Sets what the answer to the current run does on success (UI state only: shared state
    /// belongs in the request function, which runs for every run). Replaces any earlier one.
    pub fn on_success(self, f: impl Fn(O) + 'static) -> Self {
        self.on_success.set_value(Some(Rc::new(f)));
        self
    }

    /// Starts a run: clears the scope's error, marks the mutation pending and sends the
    /// request. Any run still under way is no longer current. Never blocks, never panics once
    /// the component is gone (the run is then ignored).
    pub fn run(&self, input: I) {
        let (Some(request), Some(epoch)) = (self.request.try_get_value(), self.scope.epoch.try_get_untracked()) else { return };
        let number = self.runs.try_update_value(|n| {
            *n += 1;
            *n
        });
        let run = Run { epoch, number: number.unwrap_or_default() };
        self.current.set(Some(run));
        self.scope.error.set(None);
        self.scope.in_flight.update(|n| *n += 1);
        // Whatever the request function reads now is not a dependency of the caller.
        let answer = untrack(|| request(input));
        let this = *self;
        spawn_local(async move {
            let result = answer.await;
            this.finish(run, result);
        });
    }

    /// True from `run` until the current run answers (or the scope is reset).
    pub fn pending(&self) -> Signal<bool> {
        let (current, epoch) = (self.current, self.scope.epoch);
        Signal::derive(move || current.get().is_some_and(|run| run.epoch == epoch.get()))
    }

    /// The error line this mutation writes to (its scope's).
    pub fn error(&self) -> RwSignal<Option<ApiError>> {
        self.scope.error
    }

    /// The answer to `run`: counted out of the scope unless the scope was reset since, and
    /// shown only if `run` is still current. Every access tolerates a disposed owner.
    fn finish(&self, run: Run, result: Result<O, ApiError>) {
        let scope = self.scope;
        if scope.epoch.try_get_untracked() != Some(run.epoch) {
            return;
        }
        scope.in_flight.try_update(|n| *n = n.saturating_sub(1));
        if self.current.try_get_untracked() != Some(Some(run)) {
            return;
        }
        self.current.set(None);
        match result {
            Ok(value) => {
                if let Some(Some(f)) = self.on_success.try_get_value() {
                    f(value)
                }
            }
            Err(e) => scope.error.set(Some(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Browser tests of the bookkeeping: each request waits on a gate the test opens.

    use super::*;
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A future that resolves when the test calls `open`.
    struct Gate {
        open: js_sys::Function,
        wait: JsFuture,
    }

    fn gate() -> Gate {
        let mut open = None;
        let promise = js_sys::Promise::new(&mut |resolve, _| open = Some(resolve));
        Gate { open: open.unwrap(), wait: JsFuture::from(promise) }
    }

    fn open(g: &js_sys::Function) {
        g.call0(&JsValue::NULL).unwrap();
    }

    /// Lets every answer that can arrive arrive (a macrotask: the microtasks drain first).
    async fn settle() {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
        });
        JsFuture::from(p).await.unwrap();
    }

    fn boom(message: &str) -> ApiError {
        ApiError::Server { status: 500, message: message.into() }
    }

    type Input = (JsFuture, Result<u32, ApiError>);

    /// A scope and one mutation, mounted so that they have an owner and an executor; the
    /// request counts its answers (shared state), `on_success` records values (UI state).
    struct Fixture {
        scope: MutationScope,
        m: Mutation<Input, u32>,
        answered: Rc<Cell<u32>>,
        shown: Rc<RefCell<Vec<u32>>>,
        /// Mounted until dropped: dropping it disposes the owner.
        handle: Option<Box<dyn std::any::Any>>,
    }

    fn fixture() -> Fixture {
        let answered = Rc::new(Cell::new(0));
        let shown = Rc::new(RefCell::new(Vec::new()));
        let made = Rc::new(Cell::new(None));
        let (a, s, out) = (answered.clone(), shown.clone(), made.clone());
        let div: web_sys::HtmlElement = web_sys::window().unwrap().document().unwrap().create_element("div").unwrap().unchecked_into();
        let handle = leptos::mount::mount_to(div, move || {
            let scope = MutationScope::new();
            let m = scope
                .mutation(move |(wait, result): Input| {
                    let a = a.clone();
                    async move {
                        let _ = wait.await;
                        a.set(a.get() + 1);
                        result
                    }
                })
                .on_success(move |v| s.borrow_mut().push(v));
            out.set(Some((scope, m)));
        });
        let (scope, m) = made.get().unwrap();
        Fixture { scope, m, answered, shown, handle: Some(Box::new(handle)) }
    }

    #[wasm_bindgen_test]
    async fn a_run_is_pending_until_it_answers_then_reports_its_value() {
        let f = fixture();
        let g = gate();
        f.m.run((g.wait, Ok(7)));
        assert!(f.m.pending().get_untracked());
        assert!(f.scope.pending().get_untracked());
        open(&g.open);
        settle().await;
        assert!(!f.m.pending().get_untracked());
        assert!(!f.scope.pending().get_untracked());
        assert_eq!(*f.shown.borrow(), vec![7]);
        assert_eq!(f.m.error().get_untracked(), None);
    }

    #[wasm_bindgen_test]
    async fn a_failure_is_kept_until_the_retry_starts_and_the_retry_can_succeed() {
        let f = fixture();
        let g = gate();
        f.m.run((g.wait, Err(boom("disk full"))));
        open(&g.open);
        settle().await;
        assert_eq!(f.m.error().get_untracked(), Some(boom("disk full")));
        assert!(!f.m.pending().get_untracked());

        let g = gate();
        f.m.run((g.wait, Ok(1)));
        assert_eq!(f.m.error().get_untracked(), None, "a retry clears the error");
        open(&g.open);
        settle().await;
        assert_eq!(*f.shown.borrow(), vec![1]);
    }

    #[wasm_bindgen_test]
    async fn a_superseded_answer_updates_shared_state_but_not_the_ui() {
        let f = fixture();
        let (first, second) = (gate(), gate());
        f.m.run((first.wait, Err(boom("old"))));
        f.m.run((second.wait, Ok(2)));
        open(&first.open);
        settle().await;
        assert_eq!(f.answered.get(), 1, "the request function ran to its end");
        assert_eq!(f.m.error().get_untracked(), None, "the old failure is not shown");
        assert!(f.m.pending().get_untracked(), "still waiting for the newer run");
        assert!(f.scope.pending().get_untracked());
        open(&second.open);
        settle().await;
        assert_eq!(*f.shown.borrow(), vec![2]);
        assert!(!f.scope.pending().get_untracked());
    }

    #[wasm_bindgen_test]
    async fn after_a_reset_answers_to_earlier_runs_are_dropped() {
        let f = fixture();
        let (ok, failed) = (gate(), gate());
        f.m.run((ok.wait, Ok(3)));
        let other = f.scope.mutation(|(wait, result): Input| async move {
            let _ = wait.await;
            result
        });
        other.run((failed.wait, Err(boom("for the previous dashboard"))));
        f.scope.reset();
        assert!(!f.m.pending().get_untracked() && !other.pending().get_untracked());
        assert!(!f.scope.pending().get_untracked());
        open(&ok.open);
        open(&failed.open);
        settle().await;
        assert_eq!(f.answered.get(), 1);
        assert!(f.shown.borrow().is_empty());
        assert_eq!(f.scope.error.get_untracked(), None);

        let g = gate();
        f.m.run((g.wait, Ok(4)));
        open(&g.open);
        settle().await;
        assert_eq!(*f.shown.borrow(), vec![4], "the scope works after a reset");
    }

    #[wasm_bindgen_test]
    async fn an_answer_after_the_component_is_gone_is_ignored() {
        let mut f = fixture();
        let g = gate();
        f.m.run((g.wait, Err(boom("late"))));
        drop(f.handle.take());
        open(&g.open);
        settle().await;
        assert_eq!(f.answered.get(), 1, "the request still ran to its end");
        f.m.run((gate().wait, Ok(5)));
        settle().await;
        assert!(f.shown.borrow().is_empty());
    }
}
