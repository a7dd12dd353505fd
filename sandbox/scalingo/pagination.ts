// `page` / `per_page` and the `meta.pagination` object (scalingo-api.md §2), for every paginated list.
import { queryString, type Ctx } from './http.ts';

const MAX_PER_PAGE = 100;

export function paginate<T>(ctx: Ctx, items: T[]) {
  const page = Math.max(1, Number.parseInt(queryString(ctx, 'page') ?? '1', 10) || 1);
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number.parseInt(queryString(ctx, 'per_page') ?? '20', 10) || 20));
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    slice: items.slice((page - 1) * perPage, page * perPage),
    meta: {
      pagination: {
        current_page: page,
        prev_page: page > 1 ? page - 1 : null,
        next_page: page < totalPages ? page + 1 : null,
        total_pages: totalPages,
        total_count: total,
        per_page: perPage,
      },
    },
  };
}
